// Loaded once per pool thread in source mode (tests, development); see worker-entry.ts.
import { register } from 'tsx/esm/api';

register();
