/**
 * npm run token -- create --role operator --name kim [--orgs a,b] [--components x,y] [--rate-limit 500] [--config monitor.yaml]
 *   Makes a new token, prints it once (it is not stored anywhere), and the `auth.tokens` entry
 *   holding its hash to paste into the config. With --config (default $MONITOR_CONFIG), checks
 *   the name is free and the orgs and components exist there.
 * npm run token -- hash [<token>]
 *   The `sha256:` hash of a token (read from stdin when not given, so it stays out of shell history).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildTokenEntry, TokenCliError } from '../src/lib/server/auth/token-cli.ts';
import { hashToken } from '../src/lib/server/auth/index.ts';
import { ConfigError, loadConfig } from '../src/lib/server/config/index.ts';

const USAGE = `usage:
  npm run token -- create --role <ingest|viewer|operator|admin> --name <name> [--orgs a,b] [--components x,y] [--rate-limit <points/s>] [--config <file>]
  npm run token -- hash [<token>]`;

function main(argv: string[]): number {
	const [command, ...rest] = argv;
	if (command === 'hash') {
		const token = (rest[0] ?? readFileSync(0, 'utf8')).trim();
		if (!token) return fail('give the token to hash (or pipe it in)');
		console.log(hashToken(token));
		return 0;
	}
	if (command !== 'create') return fail(command ? `unknown command "${command}"` : 'give a command');
	const { values } = parseArgs({
		args: rest,
		options: {
			role: { type: 'string' },
			name: { type: 'string' },
			orgs: { type: 'string' },
			components: { type: 'string' },
			'rate-limit': { type: 'string' },
			config: { type: 'string', default: process.env.MONITOR_CONFIG }
		},
		strict: true
	});
	const config = values.config ? loadConfig(values.config) : undefined;
	const made = buildTokenEntry({ role: values.role, name: values.name, orgs: values.orgs, components: values.components, rateLimit: values['rate-limit'] }, config);
	console.log(`New ${made.entry.role} token "${made.entry.name}". It is shown this once and stored nowhere: keep it now.\n`);
	console.log(`  ${made.token}\n`);
	console.log(`Add this entry under auth.tokens in ${values.config ?? 'the config'} (it holds only the hash):\n`);
	console.log(`  - ${made.yaml}\n`);
	console.log('Then apply it: an admin reloads the config (POST /api/v1/admin/config/reload, or the button on /admin/audit), or restart.');
	return 0;
}

function fail(message: string): number {
	console.error(`${message}\n${USAGE}`);
	return 2;
}

try {
	process.exitCode = main(process.argv.slice(2));
} catch (err) {
	if (err instanceof TokenCliError || err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) process.exitCode = fail((err as Error).message);
	else throw err;
}
