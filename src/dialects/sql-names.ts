/**
 * How a dialect spells names in the SQL Flash builds around rows (export, restore, seed, studio): a
 * column is one identifier; a table is its IR name, which on PostgreSQL may be schema-qualified
 * (`billing.invoices`, see core/model/schema.ts qualifiedName) and then is two identifiers.
 */
export interface SqlNames {
  column: (name: string) => string;
  table: (name: string) => string;
}

/** An engine whose table names are one identifier (MySQL, SQLite): a dot is part of the name. */
export function oneIdentifierNames(quote: (name: string) => string): SqlNames {
  return { column: quote, table: quote };
}
