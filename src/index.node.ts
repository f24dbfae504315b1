/** The Node.js entry: everything in the browser-safe entry, with the Node platform adapter installed. */
import { setPlatform } from './platform/index.js';
import { nodePlatform } from './platform/node.js';

setPlatform(nodePlatform);

export * from './index.js';
export * as viz from './viz/index.js';
