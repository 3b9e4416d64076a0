export {
	startInfluxd,
	findInfluxd,
	freePort,
	InfluxdMissingError,
	type ManagedInfluxd,
	type StartInfluxdOptions
} from './managed-influxd.ts';
