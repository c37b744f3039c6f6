import { lifecycleSuite } from './lifecycle-suite.js';
import { mysqlEngine } from './lifecycle-engines.js';

lifecycleSuite(mysqlEngine);
