import { mysqlEngine } from './lifecycle-engines.js';
import { mergeSuite } from './merge-suite.js';

mergeSuite(mysqlEngine);
