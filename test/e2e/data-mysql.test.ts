import { dataSuite } from './data-suite.js';
import { mysqlEngine } from './lifecycle-engines.js';

dataSuite(mysqlEngine);
