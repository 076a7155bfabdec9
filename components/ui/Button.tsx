import type { ComponentChildren, JSX } from 'preact';

type ButtonProps = Omit<JSX.HTMLAttributes<HTMLButtonElement>, 'type'> & {
  variant?: 'primary' | 'plain';
  type?: 'button' | 'submit';
  disabled?: boolean;
  children: ComponentChildren;
};

/** The one button: always a real <button>, so keyboard and screen readers get it for free. */
export function Button({ variant = 'plain', type = 'button', children, ...rest }: ButtonProps) {
  return (
    <button
      {...rest}
      type={type}
      class={`rl-button ${rest.class ?? ''}`.trim()}
      data-variant={variant}
    >
      {children}
    </button>
  );
}
