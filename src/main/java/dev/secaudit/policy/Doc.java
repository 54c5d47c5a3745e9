package dev.secaudit.policy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a policy field means, for the JSON Schema ({@code secaudit schema}) and docs/policy.md, so
 * the loader, the schema and the docs describe one set of fields.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
public @interface Doc {
  String value();

  /**
   * A default said in words, or written as users write it, where the value the record takes for
   * an absent field would not say it; otherwise empty, and the docs show that value ({@link
   * FieldDefaults}), so a default is stated once.
   */
  String defaultValue() default "";

  /** Example value for the docs, as YAML. */
  String example() default "";

  /** The field must be given. */
  boolean required() default false;
}
