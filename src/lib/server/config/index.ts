export {
	ConfigSchema,
	type Config,
	type Org,
	type Component,
	type Stage,
	type Role,
	type TokenEntry,
	type Capacity,
	type LiveConfig
} from './schema.ts';
export { parseConfig, loadConfig, formatIssues, durationMs, ConfigError, SAMPLE_CONFIG } from './load.ts';
