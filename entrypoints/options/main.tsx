import '../../utils/zod-jitless';
import { render } from 'preact';
import { extensionOptionsApi } from '../../components/options/api';
import { OptionsApp } from '../../components/options/OptionsApp';
import { TransferSections } from '../../components/transfer/TransferSections';
import '../../components/options/options.css';

// Components take today as a prop; it is read once, here, as the local date (en-CA is ISO-shaped).
const today = new Date().toLocaleDateString('en-CA');

render(
  <OptionsApp api={extensionOptionsApi} today={today}>
    <TransferSections />
  </OptionsApp>,
  document.getElementById('app')!,
);
