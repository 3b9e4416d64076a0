import { createHash } from 'node:crypto';
import type { NotifiedAlert, Notification } from '../types.ts';
import { jsonRequest, type ChannelKind } from './channel.ts';
import { alertBadge, groupText, headline, sinceText, valueText, whereText, type FormatContext } from './describe.ts';
import { urlSecrets, urlTarget } from './redact.ts';
import type { GoogleChatChannel } from './schema.ts';
import { countFitting, truncate, truncateEscaped, utf8Bytes } from './truncate.ts';
import { wordsFor } from './words.ts';

/** developers.google.com/workspace/chat: message text 4,096 characters, whole message 32,000 bytes. */
export const GOOGLE_CHAT_LIMITS = {
	text: 4_096,
	messageBytes: 32_000,
	/** What we fill up to, leaving room for what Chat adds to the card. */
	budgetBytes: 30_000,
	summary: 2_000
} as const;

/** Card text takes a small HTML subset (<b>, <br>, <a>, <font>), so text must be escaped. */
export function escapeChatHtml(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function formatGoogleChat(n: Notification, channel: GoogleChatChannel, ctx: FormatContext) {
	const w = wordsFor(n.language);
	const sections = n.alerts.map((a) => alertSection(a, n, ctx));
	const footer = (k: number) => ({
		widgets: [
			...(k > 0 ? [{ textParagraph: { text: escapeChatHtml(w.more(k)) } }] : []),
			{ buttonList: { buttons: [{ text: w.openDashboard, onClick: { openLink: { url: n.groupUrl } } }] } }
		]
	});
	const text = textLine(n);
	const overhead = utf8Bytes(JSON.stringify(message(n, text, [footer(n.alerts.length)])));
	const fit = countFitting(sections, overhead, GOOGLE_CHAT_LIMITS.budgetBytes);
	return jsonRequest(channel.url, message(n, text, [...sections.slice(0, fit), footer(n.alerts.length - fit)]));
}

function message(n: Notification, text: string, sections: unknown[]) {
	const w = wordsFor(n.language);
	return {
		text,
		cardsV2: [
			{
				// Stable per group, so a client can tell messages of one group apart from others.
				cardId: `alert-${createHash('sha256').update(n.groupKey).digest('hex').slice(0, 16)}`,
				card: {
					header: { title: truncate(headline(n), 200), subtitle: truncate(`${w.group}: ${groupText(n) || n.groupKey}`, 200) },
					sections
				}
			}
		]
	};
}

/** Chat's own markup in `text`: *bold* and <url|label>; `<` would start a link, so it goes. */
function textLine(n: Notification): string {
	const w = wordsFor(n.language);
	const link = `<${n.groupUrl}|${w.openDashboard}>`;
	const head = `*${headline(n).replace(/[<>*]/g, '')}*`;
	return truncate(`${head}\n${link}`, GOOGLE_CHAT_LIMITS.text);
}

function alertSection(a: NotifiedAlert, n: Notification, ctx: FormatContext) {
	const w = wordsFor(n.language);
	const facts = [
		`${w.component}: ${whereText(a)}`,
		`${w.value}: ${valueText(a, n.language)}`,
		`${w.since}: ${sinceText(a, n, ctx)}`,
		...(a.acknowledged ? [w.acknowledged] : [])
	];
	const summary = truncateEscaped(a.summary, GOOGLE_CHAT_LIMITS.summary, escapeChatHtml);
	return {
		widgets: [
			{
				decoratedText: {
					topLabel: alertBadge(a, w),
					text: `<b>${summary}</b><br>${facts.map((f) => escapeChatHtml(truncate(f, 300))).join('<br>')}`,
					wrapText: true,
					button: { text: w.open, onClick: { openLink: { url: a.url } } }
				}
			}
		]
	};
}

export const googleChat: ChannelKind<GoogleChatChannel> = {
	format: formatGoogleChat,
	secrets: (c) => urlSecrets(c.url),
	target: (c) => urlTarget(c.url)
};
