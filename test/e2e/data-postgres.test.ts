import { dataSuite } from './data-suite.js';
import { postgresEngine } from './lifecycle-engines.js';

dataSuite(postgresEngine);
