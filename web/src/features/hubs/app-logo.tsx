import { Avatar } from '@mantine/core';
import type { ReactElement } from 'react';
import { logoSrc } from './hub-labels.ts';

export interface AppLogoProps {
  /** The catalog's inline SVG; rendered as an image, never injected as markup. */
  svg: string | undefined;
  name: string;
  size?: number;
}

/** An app's logo, or its initial while the catalog loads or for apps without one. */
export function AppLogo({ svg, name, size = 40 }: AppLogoProps): ReactElement {
  // A span, so the logo may sit inside a heading.
  return (
    <Avatar component="span" src={logoSrc(svg)} alt="" radius="md" size={size} color="indigo" variant="light" aria-hidden="true" style={{ flexShrink: 0 }}>
      {name.charAt(0).toUpperCase()}
    </Avatar>
  );
}
