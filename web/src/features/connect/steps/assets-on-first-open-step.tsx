import type { ReactElement } from 'react';
import { AssetProgress, assetSetupBusy } from './asset-progress.tsx';
import type { JoinStepDefinition, JoinStepProps } from './types.ts';

function AssetsOnFirstOpen({ card }: JoinStepProps): ReactElement | null {
  return <AssetProgress card={card} />;
}

/**
 * `assets_on_first_open` (TikTok, spec §5.13): the app grants a member's assets only after their
 * first click on the card, which the dialog's opening already was. The step never blocks
 * connecting; it shows the setup's progress beside the options.
 */
export const assetsOnFirstOpenStep: JoinStepDefinition = {
  blocks: () => false,
  title: () => 'Connect your account',
  busy: assetSetupBusy,
  Component: AssetsOnFirstOpen,
};
