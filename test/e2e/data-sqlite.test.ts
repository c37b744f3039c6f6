import { dataSuite } from './data-suite.js';
import { sqliteEngine } from './lifecycle-engines.js';

dataSuite(sqliteEngine);
