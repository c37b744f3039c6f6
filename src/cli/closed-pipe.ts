/**
 * `flash status | head -1`: the reader goes away and the next write fails with EPIPE. That is the
 * reader's choice, not an error: the output is dropped and the command runs to its end (a migration
 * half-way through is not abandoned because nobody reads its progress), exiting with its own code.
 * Any other stream error is still a real error.
 */
export function dropOutputOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    // The stream is destroyed now; later writes would raise ERR_STREAM_DESTROYED.
    stream.write = () => true;
  });
}
