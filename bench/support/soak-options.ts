import { parseArgs } from 'node:util';

/** What `npm run soak` was asked to do, checked and bounded. */
export interface SoakOptions {
	minutes: number;
	clients: number;
	/** Points per second the driver aims at (rounded to whole instances per component). */
	rate: number;
	/** Lines per POST: one second's points go out as several requests, as many senders would. */
	batch: number;
	/** Client worker processes the sockets are spread over. */
	workers: number;
	/** Minutes of warm-up: RSS growth is measured from the end of the last of them. */
	warmup: number;
}

/** A soak is for a bounded time: anything longer is a deployment, not a benchmark. */
export const MAX_MINUTES = 60;
export const MAX_CLIENTS = 2_000;
export const MAX_RATE = 50_000;

export const SOAK_USAGE =
	'usage: npm run soak -- [--minutes 10] [--clients 300] [--rate 5000] [--batch 1000] [--workers 4] [--warmup 2]';

export class SoakOptionError extends Error {
	constructor(message: string) {
		super(`${message}\n${SOAK_USAGE}`);
		this.name = 'SoakOptionError';
	}
}

export function parseSoakOptions(argv: string[]): SoakOptions {
	let values: Record<string, string | undefined>;
	try {
		({ values } = parseArgs({
			args: argv,
			options: {
				minutes: { type: 'string', default: '10' },
				clients: { type: 'string', default: '300' },
				rate: { type: 'string', default: '5000' },
				batch: { type: 'string', default: '1000' },
				workers: { type: 'string', default: '4' },
				warmup: { type: 'string' }
			}
		}));
	} catch (err) {
		throw new SoakOptionError((err as Error).message);
	}
	const minutes = integer(values, 'minutes', 2, MAX_MINUTES, 'the first minute or two are warm-up, and a soak is bounded');
	// Two minutes of warm-up when there is room for it (the hub's windows and the JIT settle), else one.
	const warmup = values.warmup === undefined ? (minutes >= 5 ? 2 : 1) : integer(values, 'warmup', 1, minutes - 1, 'at least one measured minute must follow it');
	return {
		minutes,
		warmup,
		clients: integer(values, 'clients', 1, MAX_CLIENTS, 'each is a real socket.io connection on this machine'),
		rate: integer(values, 'rate', 100, MAX_RATE, 'points per second sent to the monitor'),
		batch: integer(values, 'batch', 1, 25_000, 'lines per request'),
		workers: integer(values, 'workers', 1, 16, 'client processes')
	};
}

function integer(values: Record<string, string | undefined>, name: string, min: number, max: number, why: string): number {
	const text = values[name]!;
	const n = Number(text);
	if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
		throw new SoakOptionError(`--${name} ${JSON.stringify(text)}: give a whole number from ${min} to ${max} (${why})`);
	}
	return n;
}
