import { sqliteDialect as d } from '../src/dialects/sqlite/dialect.js';
const conn = await d.connect('/tmp/sq2/big.db');
for (let k = 0; k < 3; k++) { const t2 = performance.now(); await d.introspect(conn); console.log('introspect', performance.now() - t2); }
