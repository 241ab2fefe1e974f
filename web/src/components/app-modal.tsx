import { Modal, type ModalProps } from '@mantine/core';
import { useEffect, type ReactElement } from 'react';

let openCount = 0;

function setBackgroundInert(inert: boolean): void {
  const root = document.getElementById('root');
  if (!root) return;
  root.inert = inert;
  if (inert) root.setAttribute('aria-hidden', 'true');
  else root.removeAttribute('aria-hidden');
}

/**
 * Mantine Modal that also makes the page behind it inert (the ARIA modal pattern).
 * Modals render in a portal outside `#root`, so only the background is hidden from
 * assistive technology — and from role queries in end-to-end tests.
 */
export function AppModal(props: ModalProps): ReactElement {
  const { opened } = props;
  useEffect(() => {
    if (!opened) return undefined;
    openCount += 1;
    setBackgroundInert(true);
    return () => {
      openCount -= 1;
      if (openCount === 0) setBackgroundInert(false);
    };
  }, [opened]);
  return <Modal {...props} />;
}
