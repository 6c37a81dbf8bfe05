/** `npm run build:dashboard` (also the root `prepare`, so `npm ci` builds it): builds the bundle when missing or stale. */
import { ensureDashboardBuilt } from './build';

const { built, ms } = await ensureDashboardBuilt();
console.log(built ? `dashboard built in ${Math.round(ms)} ms` : 'dashboard bundle is up to date');
