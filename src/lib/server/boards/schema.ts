import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_"');
const metric = z.string().regex(/^[^.\s]+\.[^.\s]+$/, 'a "measurement.field" such as "traffic.rps"');

const ThresholdSchema = z.strictObject({
	value: z.number(),
	level: z.enum(['warning', 'critical']),
	direction: z.enum(['above', 'below']).default('above')
});

/** Korean beside English for what a board says (the joint team reads both); names stay as written. */
const ko = z.string().min(1).optional();

const ChartPanelSchema = z.strictObject({
	type: z.literal('chart'),
	title: z.string().min(1),
	title_ko: ko,
	metric,
	/** Which components to draw; default every component (or those of `stage`). */
	components: z.array(z.string()).optional(),
	stage: z.string().optional(),
	unit: z.string().optional(),
	unit_ko: ko,
	thresholds: z.array(ThresholdSchema).optional()
});

const StatPanelSchema = z.strictObject({
	type: z.literal('stat'),
	title: z.string().min(1),
	title_ko: ko,
	metric,
	component: z.string(),
	unit: z.string().optional(),
	unit_ko: ko,
	thresholds: z.array(ThresholdSchema).optional()
});

export const BoardSchema = z.strictObject({
	id,
	title: z.string().min(1),
	title_ko: ko,
	description: z.string().optional(),
	description_ko: ko,
	rows: z.array(
		z.strictObject({
			title: z.string().optional(),
			title_ko: ko,
			panels: z.array(z.discriminatedUnion('type', [ChartPanelSchema, StatPanelSchema])).min(1)
		})
	)
});

export const BoardsSchema = z.array(BoardSchema).default([]);

export type BoardConfig = z.infer<typeof BoardSchema>;
export type PanelConfig = BoardConfig['rows'][number]['panels'][number];
