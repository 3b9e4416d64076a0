import { isScoped, type Principal } from './principal.ts';

/**
 * Which components a viewer may see. A viewer (or operator) token with `orgs:` sees the
 * components the config gives those orgs; with `components:`, those; with both, either. A
 * component the config does not declare has no owner, so a scoped viewer does not see it.
 * `null` means everything (an unscoped principal).
 */
export interface ViewScope {
	allows(component: string): boolean;
	/** For messages: who is scoped. */
	name: string;
}

export function viewScope(p: Principal, orgOfComponent: ReadonlyMap<string, string>): ViewScope | null {
	if (!isScoped(p)) return null;
	return {
		name: p.name,
		allows(component) {
			if (p.components?.has(component)) return true;
			const owner = orgOfComponent.get(component);
			return owner !== undefined && p.orgs !== undefined && p.orgs.has(owner);
		}
	};
}

/** The refusal for a component outside a scope, naming both. */
export function outsideScope(scope: ViewScope, component: string): string {
	return `component "${component}" is outside the scope of "${scope.name}"`;
}
