import { describe, expect, it } from 'vitest';
import { ChannelSchema, formatFor, type Channel } from '../../../../../src/lib/server/alerts/channels/index.ts';
import { defuseMentions } from '../../../../../src/lib/server/alerts/channels/telegram.ts';
import { defuseTeamsLinks } from '../../../../../src/lib/server/alerts/channels/teams.ts';
import { escapeDiscord } from '../../../../../src/lib/server/alerts/channels/discord.ts';
import { HOSTILE, hostileNotification } from '../../../../fixtures/hostile.ts';

/**
 * An instance tag (and the summary rendered from it) is whatever a sender wrote. In every chat
 * service it must arrive as the text it is: no markup, no link under our name, no mention that
 * pages a channel, a role or a person.
 */

const OURS = 'http://ops.example:3000';
const ctx = { now: Date.UTC(2025, 2, 1, 14, 0, 0), timeZone: 'Asia/Seoul' };

function body(raw: Record<string, unknown>, instance?: string): Record<string, unknown> {
	const channel: Channel = ChannelSchema.parse({ id: 'c', ...raw });
	return JSON.parse(formatFor(channel, hostileNotification(instance), ctx).body);
}

/** Every string under `node` at a key in `keys` (recursively). */
function stringsAt(node: unknown, keys: string[], out: string[] = []): string[] {
	if (Array.isArray(node)) for (const n of node) stringsAt(n, keys, out);
	else if (node && typeof node === 'object') {
		for (const [k, v] of Object.entries(node)) {
			if (typeof v === 'string' && keys.includes(k)) out.push(v);
			else stringsAt(v, keys, out);
		}
	}
	return out;
}

describe('Slack', () => {
	const msg = body({ type: 'slack', url: 'https://hooks.slack.com/services/T0/B0/XXXXXXXXXXXXXXXXXXXX' });
	const blocks = msg.blocks as { type: string; text?: { type: string; text: string }; elements?: { type: string; text?: string }[] }[];
	const mrkdwn = [
		msg.text as string,
		...blocks.flatMap((b) => [...(b.text?.type === 'mrkdwn' ? [b.text.text] : []), ...(b.elements ?? []).filter((e) => e.type === 'mrkdwn').map((e) => e.text!)])
	];

	it('has mrkdwn to check', () => {
		expect(mrkdwn.length).toBeGreaterThanOrEqual(3);
		expect(mrkdwn.join('\n')).toContain('&lt;!channel&gt;');
	});

	it('leaves no < or > in mrkdwn but those of its own links, so no <!channel>, <@U…> or <url|label> of a sender', () => {
		for (const t of mrkdwn) {
			const withoutOwnLinks = t.replace(new RegExp(`<${OURS.replace(/[.]/g, '\\.')}[^<>|]*\\|[^<>]*>`, 'g'), '');
			expect(withoutOwnLinks).not.toMatch(/[<>]/);
		}
	});

	it('shows the tag as written in the plain-text header', () => {
		const header = blocks.find((b) => b.type === 'header')!.text!;
		expect(header.type).toBe('plain_text');
	});
});

describe('Discord', () => {
	const msg = body({ type: 'discord', url: 'https://discord.com/api/webhooks/1/TOKEN' });
	const embeds = msg.embeds as { description?: string; fields: { value: string }[] }[];
	const markdown = [msg.content as string, ...embeds.flatMap((e) => [e.description ?? '', ...e.fields.map((f) => f.value)])];

	it('never lets a message ping @everyone, @here, a role or a user', () => {
		expect(msg.allowed_mentions).toEqual({ parse: [] });
	});

	it('escapes markdown links in the content, the summary and the component field', () => {
		for (const t of markdown) {
			const withoutOwnLink = t.replace(/\[Open in dashboard\]\(<http:\/\/ops\.example:3000[^>]*>\)/, '');
			expect(withoutOwnLink).not.toMatch(/(^|[^\\])\[[^\]]*(?<!\\)\]\(/);
		}
		expect(embeds[0].description).toContain('\\[Open in dashboard\\](https://evil.example/login)');
		expect(embeds[0].fields[0].value).toContain('window.\\_\\_xss');
		// An instance that is only a link: the component field would render it as one.
		const link = body({ type: 'discord', url: 'https://discord.com/api/webhooks/1/TOKEN' }, HOSTILE.markdownLink);
		expect((link.embeds as { fields: { value: string }[] }[])[0].fields[0].value).toBe('idp-a / \\[Open in dashboard\\](https://evil.example/login)');
	});

	it('escapes every character its markdown acts on', () => {
		expect(escapeDiscord('*a* _b_ ~c~ `d` |e| > [f]')).toBe('\\*a\\* \\_b\\_ \\~c\\~ \\`d\\` \\|e\\| \\> \\[f\\]');
	});
});

describe('Teams', () => {
	const msg = body({ type: 'teams', url: 'https://prod.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=SIG' });
	const texts = stringsAt(msg, ['text', 'value']);

	it('renders no markdown link but its own', () => {
		expect(texts.some((t) => t.includes('evil.example'))).toBe(true);
		for (const t of texts) {
			const withoutOwnLink = t.replace(/\[Open in dashboard\]\(http:\/\/ops\.example:3000[^)]*\)/, '');
			expect(withoutOwnLink).not.toMatch(/\]\s*\(/);
		}
	});

	it('keeps the text as it reads (only a zero-width space is added)', () => {
		const joined = texts.join('\n').replace(/\u200b/g, '');
		expect(joined).toContain(HOSTILE.markdownLink);
		expect(defuseTeamsLinks('[a](b) [c] (d) x](y')).toBe('[a]\u200b(b) [c]\u200b (d) x]\u200b(y');
	});
});

describe('Google Chat', () => {
	const msg = body({ type: 'google-chat', url: 'https://chat.googleapis.com/v1/spaces/AAA/messages?key=K&token=T' });

	it('escapes card text, keeping only its own <b> and <br>', () => {
		const cardText = stringsAt(msg.cardsV2, ['text']).filter((t) => t.includes('Slow'));
		expect(cardText.length).toBe(1);
		expect(cardText[0].replace(/<\/?b>|<br>/g, '')).not.toMatch(/[<>]/);
		expect(cardText[0]).toContain('&lt;users/all&gt;');
	});

	it('keeps <users/all> and sender links out of the message text', () => {
		const text = msg.text as string;
		const withoutOwnLink = text.replace(/<http:\/\/ops\.example:3000[^|>]*\|[^>]*>/, '');
		expect(withoutOwnLink).not.toMatch(/[<>]/);
	});
});

describe('Telegram', () => {
	const msg = body({ type: 'telegram', bot_token: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', chat_id: -100123 });
	const html = msg.text as string;

	it('sends HTML with only its own tags and links', () => {
		expect(msg.parse_mode).toBe('HTML');
		const tags = html.match(/<[^>]*>/g) ?? [];
		for (const tag of tags) expect(tag).toMatch(/^(<\/?[bi]>|<\/a>|<a href="http:\/\/ops\.example:3000\/[^"]*">)$/);
		expect(html).toContain('&lt;img src=x onerror="window.__xss=1"&gt;');
	});

	it('does not mention anyone a tag names', () => {
		expect(html).not.toMatch(/@[A-Za-z0-9_]/);
		expect(html).toContain('@\u2060durov');
		expect(html).toContain('@\u2060everyone');
	});

	it('defuses mentions only where a username could start', () => {
		expect(defuseMentions('mail a@b, @ alone, @_x')).toBe('mail a@\u2060b, @ alone, @\u2060_x');
	});
});
