import { introspectionAtSize } from './introspection.js';
const r = await introspectionAtSize(process.argv[2] as any, Number(process.argv[3]), Number(process.argv[4] ?? 1));
console.log(JSON.stringify(r, null, 1));
