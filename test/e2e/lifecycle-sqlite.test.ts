import { lifecycleSuite } from './lifecycle-suite.js';
import { sqliteEngine } from './lifecycle-engines.js';

lifecycleSuite(sqliteEngine);
