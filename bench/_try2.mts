import { mergeBench, checkBench } from './merge-check.js';
console.log(JSON.stringify(await mergeBench(1000, 3), null, 1));
console.log(JSON.stringify(await checkBench(Number(process.argv[2] ?? 50), Number(process.argv[3] ?? 100), 1), null, 1));
