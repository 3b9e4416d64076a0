/** One row of the first page: a component and its latest values rolled up across instances. */
export interface ComponentRow {
	id: string;
	name: string;
	org: string;
	stage: string;
	instances: number;
	/** `measurement.field` -> value; empty until the component has sent something. */
	values: Record<string, number>;
	lastSeenMs: number | null;
}

export interface LatestResponse {
	title: string;
	nowMs: number;
	components: ComponentRow[];
}
