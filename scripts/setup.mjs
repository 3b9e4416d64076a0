#!/usr/bin/env node
// Installs what the monitor needs and is missing, so that `npm start` and `npm test` work on a
// fresh machine. Plain Node with no dependencies: it runs before `npm install` has.
//   node scripts/setup.mjs          npm packages, and InfluxDB unless INFLUX_URL is set
//   node scripts/setup.mjs --test   the same, plus Chromium for the browser tests
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const forTests = process.argv.includes('--test');
const isRoot = process.getuid?.() === 0;

checkNode();
installNpmPackages();
const aptPackages = [];
if (!process.env.INFLUX_URL && !onPath('influxd')) aptPackages.push({ pkg: 'influxdb', why: 'InfluxDB 1.x server (influxd)' });
if (forTests && !existsSync('/usr/bin/chromium')) aptPackages.push({ pkg: 'chromium', why: 'headless browser for tests/e2e' });
if (forTests && !hasKoreanFont()) aptPackages.push({ pkg: 'fonts-nanum', why: 'a Korean font, so the browser tests render and screenshot the Korean UI' });
installDebianPackages(aptPackages);

function checkNode() {
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major < 20 || (major === 20 && minor < 19)) {
		fail(`Node ${process.versions.node} is too old: install Node 20.19 or newer.`);
	}
}

function installNpmPackages() {
	const stamp = 'node_modules/.package-lock.json';
	const lock = existsSync('package-lock.json') ? 'package-lock.json' : 'package.json';
	if (existsSync(stamp) && statSync(stamp).mtimeMs >= statSync(lock).mtimeMs) return;
	const args = lock === 'package-lock.json' ? ['ci'] : ['install'];
	console.log(`setup: npm ${args[0]} (node_modules is missing or older than ${lock})`);
	run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error']);
}

function installDebianPackages(list) {
	if (list.length === 0) return;
	const names = list.map((p) => p.pkg).join(' ');
	const what = list.map((p) => `  ${p.pkg}: ${p.why}`).join('\n');
	if (!isRoot || !onPath('apt-get')) {
		fail(
			`missing:\n${what}\n` +
				(onPath('apt-get') ? `Install them with: sudo apt-get install -y ${names}\n` : `Install them with your system's package manager.\n`) +
				(list.some((p) => p.pkg === 'influxdb')
					? 'Or use an InfluxDB you already run (1.x, or 2.x/3.x with the v1 API): set INFLUX_URL (and INFLUX_USERNAME/INFLUX_PASSWORD or INFLUX_TOKEN, INFLUX_DATABASE).'
					: '')
		);
	}
	console.log(`setup: apt-get install ${names}\n${what}`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	run('apt-get', ['update', '-qq'], env);
	run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...list.map((p) => p.pkg)], env);
}

function hasKoreanFont() {
	if (!onPath('fc-list')) return existsSync('/usr/share/fonts/truetype/nanum');
	const r = spawnSync('fc-list', [':lang=ko', 'family'], { encoding: 'utf8' });
	return r.status === 0 && r.stdout.trim() !== '';
}

function onPath(cmd) {
	return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, cmd)));
}

function run(cmd, args, env = process.env) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', env });
	if (r.status !== 0) fail(`\`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`);
}

function fail(message) {
	console.error(`\nsetup: ${message}\n`);
	process.exit(1);
}

