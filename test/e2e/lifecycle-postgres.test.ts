import { lifecycleSuite } from './lifecycle-suite.js';
import { postgresEngine } from './lifecycle-engines.js';

lifecycleSuite(postgresEngine);
