// Flash schema IR (src/core/model/schema.ts) → JSON Schema draft 2020-12. Row shapes follow the
// conventions of `flash export --format json`: bigint and decimal as strings (no precision lost),
// dates and times as ISO 8601 strings, binary as base64, JSON columns as any JSON value.

/** schema: Flash's Schema IR (src/core/model/schema.ts). */
export function toJsonSchema(schema, { title, tables } = {}) {
  const wanted = tables && tables.length ? new Set(tables) : undefined;
  const defs = {};
  const properties = {};
  for (const table of schema.tables) {
    if (wanted && !wanted.has(table.name)) continue;
    defs[table.name] = tableSchema(table, schema);
    properties[table.name] = { type: 'array', items: { $ref: `#/$defs/${table.name}` } };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: title ?? `${schema.provider} schema`,
    type: 'object',
    properties,
    additionalProperties: false,
    $defs: defs,
  };
}

function tableSchema(table, schema) {
  const properties = {};
  const required = [];
  for (const c of table.columns) {
    properties[c.name] = columnSchema(c, schema);
    const filledByDatabase = c.default !== undefined || c.identity || c.generated || /serial$/.test(c.type);
    if (!c.nullable && !filledByDatabase) required.push(c.name);
  }
  const out = { type: 'object', properties, required, additionalProperties: false };
  if (table.comment) out.description = table.comment;
  return out;
}

function columnSchema(c, schema) {
  const s = valueSchema(c, schema);
  if (c.comment) s.description = c.comment;
  if (!c.nullable) return s;
  if (s.enum) return { ...s, enum: [...s.enum, null] };
  if (s.type) return { ...s, type: [s.type, 'null'] };
  return s; // any JSON value already admits null
}

function valueSchema(c, schema) {
  const type = c.type.toLowerCase();
  const length = /\((\d+)\)/.exec(type);
  switch (c.family) {
    case 'integer':
      return /bigint|int8|bigserial/.test(type) ? { type: 'string', pattern: '^-?\\d+$' } : { type: 'integer' };
    case 'decimal':
      return { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' };
    case 'float':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'text':
      return length && /char/.test(type) ? { type: 'string', maxLength: Number(length[1]) } : { type: 'string' };
    case 'uuid':
      return { type: 'string', format: 'uuid' };
    case 'date':
      return /^year/.test(type) ? { type: 'integer' } : { type: 'string', format: 'date' };
    case 'timestamp':
      return { type: 'string', format: 'date-time' };
    case 'time':
      return { type: 'string', format: 'time' };
    case 'interval':
      return { type: 'string', format: 'duration' };
    case 'binary':
      return { type: 'string', contentEncoding: 'base64' };
    case 'json':
      return {};
    case 'enum':
      return { enum: enumValues(type, schema) };
    case 'array':
      return { type: 'array', items: valueSchema({ ...c, type: type.replace(/\[\]$/, ''), family: elementFamily(type) }, schema) };
    default:
      return { type: 'string', description: `${c.type} (text form)` };
  }
}

function enumValues(type, schema) {
  const inline = /^enum\s*\((.*)\)$/s.exec(type);
  if (inline) return [...inline[1].matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
  return schema.enums.find((e) => e.name.toLowerCase() === type.replace(/^"|"$/g, ''))?.values ?? [];
}

function elementFamily(type) {
  if (/int|serial/.test(type)) return 'integer';
  if (/numeric|decimal/.test(type)) return 'decimal';
  if (/real|double|float/.test(type)) return 'float';
  if (/bool/.test(type)) return 'boolean';
  if (/uuid/.test(type)) return 'uuid';
  if (/json/.test(type)) return 'json';
  return 'text';
}
