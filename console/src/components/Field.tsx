import type { ComponentChildren } from 'preact';

/** A labelled form control with the API's error for that field beside it (announced to screen readers). */
export function Field({ id, label, errors, children, hint }: { id: string; label: string; errors?: string[]; children: ComponentChildren; hint?: string }) {
  return (
    <div class={errors?.length ? 'field invalid' : 'field'}>
      <label for={id}>{label}</label>
      {children}
      {hint && <small class="hint">{hint}</small>}
      <p id={`${id}-error`} class="field-error" role={errors?.length ? 'alert' : undefined} data-field-error={id}>
        {errors?.join(' ')}
      </p>
    </div>
  );
}

/** Props that tie a control to its error text. */
export const described = (id: string, errors?: string[]) => ({
  id, name: id, 'aria-invalid': errors?.length ? true : undefined, 'aria-describedby': `${id}-error`,
});
