import { assetsOnFirstOpenStep } from './assets-on-first-open-step.tsx';
import { facebookProfileStep } from './facebook-profile-step.tsx';
import type { JoinStepDefinition } from './types.ts';

export type { JoinStepDefinition, JoinStepProps } from './types.ts';

/**
 * Join steps by the kind an app's manifest names in `joinSteps`. The connect dialog looks steps
 * up here; a kind this build does not know is skipped rather than blocking the person.
 */
export const joinStepRegistry: Readonly<Record<string, JoinStepDefinition>> = {
  facebook_profile: facebookProfileStep,
  assets_on_first_open: assetsOnFirstOpenStep,
};

export function joinStepsOf(kinds: readonly string[]): { kind: string; step: JoinStepDefinition }[] {
  return kinds.flatMap((kind) => {
    const step = joinStepRegistry[kind];
    return step ? [{ kind, step }] : [];
  });
}
