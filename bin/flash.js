#!/usr/bin/env node
import('../dist/src/cli/entry.js')
  .then((m) => m.run(process.argv))
  .catch((err) => {
    console.error(`error[E_INTERNAL]: ${err && err.message ? err.message : String(err)}`);
    process.exit(2);
  });
