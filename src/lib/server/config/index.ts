export {
	ConfigSchema,
	RoleSchema,
	type Config,
	type Org,
	type Component,
	type Stage,
	type Role,
	type TokenEntry,
	type AuthConfig,
	type Capacity,
	type LiveConfig
} from './schema.ts';
export { parseConfig, loadConfig, formatIssues, durationMs, ConfigError, SAMPLE_CONFIG } from './load.ts';
export { configReloader, ReloadError, LIVE_KEYS, type ReloadResult } from './reload.ts';
