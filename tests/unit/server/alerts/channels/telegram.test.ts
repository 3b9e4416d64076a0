import { describe, expect, it } from 'vitest';
import { fitRuns, renderRuns, visibleLength, type Run } from '../../../../../src/lib/server/alerts/channels/telegram.ts';

const more = (n: number) => `… and ${n} more alerts`;
const visible = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('renderRuns', () => {
	it('escapes text and attributes so the parsed text is exactly the runs', () => {
		const runs: Run[] = [
			{ text: 'a < b & c > d', tag: 'b' },
			{ text: ' see ' },
			{ text: '<here>', href: 'http://x/?a=1&b="2"' }
		];
		const html = renderRuns(runs);
		expect(html).toBe('<b>a &lt; b &amp; c &gt; d</b> see <a href="http://x/?a=1&amp;b=&quot;2&quot;">&lt;here&gt;</a>');
		expect(visible(html)).toBe('a < b & c > d see <here>');
		expect(visibleLength(runs)).toBe(visible(html).length);
	});
});

describe('fitRuns', () => {
	const head: Run[] = [{ text: 'HEAD', tag: 'b' }];
	const footer: Run[] = [{ text: '\n' }, { text: 'open', href: 'http://x' }];
	const block = (i: number, len: number): Run[] => [{ text: `\n#${i} ` }, { text: '&'.repeat(len), href: `http://x/${i}` }];

	it('keeps every block when all fit', () => {
		const runs = fitRuns(head, [block(1, 10), block(2, 10)], footer, more, 4096);
		expect(visible(renderRuns(runs))).toBe(`HEAD\n#1 ${'&'.repeat(10)}\n#2 ${'&'.repeat(10)}\nopen`);
	});

	it('drops whole blocks, counts them, and keeps the footer, within the limit after parsing', () => {
		const blocks = Array.from({ length: 20 }, (_, i) => block(i, 900));
		const runs = fitRuns(head, blocks, footer, more, 4096);
		const html = renderRuns(runs);
		const text = visible(html);
		expect(text.length).toBeLessThanOrEqual(4096);
		// Escaped, the HTML is far longer than the limit: the limit counts parsed text.
		expect(html.length).toBeGreaterThan(4096 * 4);
		expect(text).toMatch(/\n… and 16 more alerts\nopen$/);
		// Every link is whole: as many <a> as </a>.
		expect(html.match(/<a /g)?.length).toBe(html.match(/<\/a>/g)?.length);
	});

	it('fits exactly up to the limit', () => {
		const footerLen = visibleLength(footer);
		const exact = 4096 - 4 - footerLen - 4; // head, footer, "\n#0 "
		const runs = fitRuns(head, [block(0, exact)], footer, more, 4096);
		expect(visibleLength(runs)).toBe(4096);
		expect(fitRuns(head, [block(0, exact + 1)], footer, more, 4096).some((r) => r.text.includes('more alerts'))).toBe(true);
	});
});
