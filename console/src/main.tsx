import { render } from 'preact';
import { App } from './App';
import './styles.css';

import { loadConfig } from './time';

// The clock first, so the first countdown is already right.
loadConfig().finally(() => render(<App />, document.getElementById('app')!));
