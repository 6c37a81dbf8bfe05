/**
 * Development default of MANA_SERVICE_KEY, shared by mana-auth (which checks it)
 * and the runner (which sends it). Both configs refuse it when NODE_ENV=production.
 */
export const DEV_SERVICE_KEY = 'mana-dev-service-key';
