import css from './styles.css?inline';
import { messages } from './messages.js';
import { startViewer } from './ui/app.js';

/** Entry of the viewer script inlined in every kit file. */
function boot(): void {
  // Screen readers and hyphenation follow the language the viewer speaks, not the kit file's default.
  document.documentElement.lang = messages.locale;
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  startViewer();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
