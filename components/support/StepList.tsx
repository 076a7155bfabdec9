import type { StepView } from '../panel/model';
import { stageName } from '../panel/format';
import { Button } from '../ui/Button';

interface StepListProps {
  steps: readonly StepView[];
  /** Records the step as done and opens the note for it. */
  onDone(step: StepView): void;
  /** Pupil name (or pseudonym) for the button labels. */
  pupilLabel: string;
  headingLevel?: 3 | 4;
}

/** Suggested next steps, best first, each with its stage, who usually does it and why. */
export function StepList({ steps, onDone, pupilLabel, headingLevel = 3 }: StepListProps) {
  if (steps.length === 0) return <p class="rl-muted">No next step suggested at the moment.</p>;
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <ol class="rl-steps">
      {steps.map((step) => (
        <li key={step.id} class="rl-step">
          <Heading class="rl-step__text">{step.text}</Heading>
          <p class="rl-step__meta rl-muted">
            {stageName(step.stage)} · {step.who}
          </p>
          <p class="rl-step__why">{step.why}</p>
          {step.record ? <p class="rl-muted">Afterwards, record: {step.record}</p> : null}
          <Button
            onClick={() => onDone(step)}
            aria-label={`Mark done: ${step.text} (${pupilLabel})`}
          >
            Done
          </Button>
        </li>
      ))}
    </ol>
  );
}
