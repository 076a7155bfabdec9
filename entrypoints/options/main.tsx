import { render } from 'preact';

render(
  <main>
    <h1>Register Lens settings</h1>
  </main>,
  document.getElementById('app')!,
);
