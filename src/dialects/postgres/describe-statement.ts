/**
 * The extended protocol's Parse + Describe(statement) + Sync, without executing anything: the
 * server answers with the parameter type OIDs and, per result column, its type and the table and
 * column it comes from (0 for expressions). Works on a pg Client and on PGlite.
 */
import type pg from 'pg';

export interface RawField {
  name: string;
  dataTypeID: number;
  /** pg_class OID of the column's table, 0 when the column is an expression. */
  tableID: number;
  /** attnum within that table. */
  columnID: number;
}

export interface RawDescription {
  paramTypes: number[];
  fields: RawField[];
}

/** What a pg Client calls on a submitted object (pg's "Submittable" contract). */
class DescribeSubmittable {
  private paramTypes: number[] = [];
  private fields: RawField[] = [];
  private error: unknown;
  private settled = false;
  private connection: { off(event: string, fn: (...a: unknown[]) => void): void } | undefined;
  readonly done: Promise<RawDescription>;
  private resolve!: (d: RawDescription) => void;
  private reject!: (e: unknown) => void;
  private readonly onParams = (msg: unknown) => {
    this.paramTypes = (msg as { dataTypeIDs: number[] }).dataTypeIDs;
  };

  constructor(private readonly text: string) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: {
    on(event: string, fn: (...a: unknown[]) => void): void;
    off(event: string, fn: (...a: unknown[]) => void): void;
    parse(q: { text: string; name: string; types: number[] }): void;
    describe(q: { type: string; name: string }): void;
    sync(): void;
  }): void {
    this.connection = connection;
    // pg's Client ignores ParameterDescription, so it is read from the connection's event stream.
    connection.on('parameterDescription', this.onParams);
    connection.parse({ text: this.text, name: '', types: [] });
    connection.describe({ type: 'S', name: '' });
    connection.sync();
  }

  handleRowDescription(msg: { fields: RawField[] }): void {
    this.fields = msg.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID, tableID: f.tableID, columnID: f.columnID }));
  }

  handleError(err: unknown): void {
    this.error = err;
    // pg's Client forgets the active query on an error, so ReadyForQuery will not reach us
    this.finish();
  }

  handleReadyForQuery(): void {
    this.finish();
  }

  handleDataRow(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.connection?.off('parameterDescription', this.onParams);
    if (this.error) this.reject(this.error);
    else this.resolve({ paramTypes: this.paramTypes, fields: this.fields });
  }
}

export async function describeOnPgClient(client: pg.Client, sql: string): Promise<RawDescription> {
  const submittable = new DescribeSubmittable(sql);
  // A Submittable goes through the client's queue like any query; its result is read from `done`.
  (client as unknown as { query(s: unknown): unknown }).query(submittable);
  return submittable.done;
}

type PGliteInstance = import('@electric-sql/pglite').PGlite;

export async function describeOnPglite(db: PGliteInstance, sql: string): Promise<RawDescription> {
  const { protocol } = await import('@electric-sql/pglite');
  return db.runExclusive(async () => {
    const messages: Array<{ name: string }> = [];
    let error: unknown;
    try {
      messages.push(...(await db.execProtocol(protocol.serialize.parse({ text: sql }))).messages);
      messages.push(...(await db.execProtocol(protocol.serialize.describe({ type: 'S' }))).messages);
    } catch (err) {
      error = err;
    } finally {
      await db.execProtocol(protocol.serialize.sync(), { throwOnError: false });
    }
    if (error) throw error instanceof Error ? error : new Error(String(error));
    const params = messages.find((m) => m.name === 'parameterDescription') as unknown as { dataTypeIDs: number[] } | undefined;
    const rows = messages.find((m) => m.name === 'rowDescription') as unknown as { fields: RawField[] } | undefined;
    return {
      paramTypes: params?.dataTypeIDs ?? [],
      fields: (rows?.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID, tableID: f.tableID, columnID: f.columnID })),
    };
  });
}
