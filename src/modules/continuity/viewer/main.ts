import css from './styles.css?inline';
import { startViewer } from './ui/app.js';

/** Entry of the viewer script inlined in every kit file. */
function boot(): void {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  startViewer();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
