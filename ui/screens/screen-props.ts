import type { FlashDataSource } from '../data-source.js';
import type { ScreenName } from '../hooks/navigation.js';

/** What the app gives every screen: the data seam and the three ways to leave it. */
export interface ScreenProps {
  source: FlashDataSource;
  open: (screen: ScreenName) => void;
  back: () => void;
  quit: () => void;
}
