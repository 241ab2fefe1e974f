import type { ReactElement } from 'react';
import type { HubCard } from '../../../api/cards.ts';

export interface JoinStepProps {
  card: HubCard;
  /** What came back from a round trip this step started (e.g. Facebook Login: `bound`, `denied`, `expired`), once. */
  outcome: string | null;
}

/**
 * One kind of join step an app's manifest may list (`joinSteps`). The "Connect your account"
 * dialog knows steps only through this shape, so an app with a new step adds a file here and an
 * entry in the registry, never a change to the dialog.
 */
export interface JoinStepDefinition {
  /** While true the step stands before the connect options: the dialog shows only the step. */
  blocks(card: HubCard): boolean;
  /** The dialog's title while the step blocks. */
  title(card: HubCard): string;
  /** The title of the connect options once the step is done, for apps that name them their own way. */
  connectTitle?(card: HubCard): string;
  /** The card is changing on the server (e.g. assets being set up): the dialog keeps it fresh. */
  busy(card: HubCard): boolean;
  Component(props: JoinStepProps): ReactElement | null;
}
