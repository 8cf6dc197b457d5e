/**
 * The Content-Security-Policy a page repeats in its `<meta>` (the route sends SCRIPT_PAGE_CSP as a header):
 * the same policy without `frame-ancestors`, which browsers ignore in a `<meta>` and warn about.
 */
import { SCRIPT_PAGE_CSP } from '../../web/assetRoutes.js';

export const META_CSP = SCRIPT_PAGE_CSP.split(';').map((d) => d.trim()).filter((d) => d !== '' && !d.startsWith('frame-ancestors')).join('; ');
