package dev.secaudit.check.config;

import dev.secaudit.check.DeclaredCheck;
import dev.secaudit.model.Subject;
import dev.secaudit.model.Value;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.check.ControlAreas;
import dev.secaudit.check.CheckInfo;
import dev.secaudit.check.Aspect;
import dev.secaudit.check.CheckContext;
import dev.secaudit.check.SourceOnlyCheck;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Policy;
import dev.secaudit.policy.Ssh;
import dev.secaudit.probe.SourceObservations;
import dev.secaudit.probe.config.SshdConfig;
import dev.secaudit.probe.config.SshdConfigObservation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * config.sshd.auth: the login methods sshd allows, against the policy's ssh: rules ("SSH keys
 * only" by default). sshd keeps the first value it reads, so the global value is the first one
 * outside any Match block, or OpenSSH's default when there is none (PasswordAuthentication yes,
 * KbdInteractiveAuthentication yes, PubkeyAuthentication yes, PermitRootLogin
 * prohibit-password). A matching Match block's value overrides the global one: "Match all"
 * matches every connection, so its value is the one judged for everyone; a Match block that
 * turns a method back on for some users or addresses is a finding of its own, naming the block
 * and the line.
 */
public final class SshdAuthCheck extends DeclaredCheck implements SourceOnlyCheck {
  public SshdAuthCheck() {
    super(REPORTS, EnumSet.of(Aspect.CONFIGS));
  }

  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("config.sshd.auth",
          "sshd allows only the logins the"
            + " policy allows (keys only, root login)",
          Severity.HIGH,
          "configs",
          // PermitRootLogin is privileged access (ISO 8.2).
          "soc2:CC6.1 soc2:CC6.6 soc2:CC7.1 gdpr:32(1)(b) iso27001:8.2 iso27001:8.5 iso27001:8.9",
          "Set PasswordAuthentication no, KbdInteractiveAuthentication no, PubkeyAuthentication"
            + " yes and PermitRootLogin no (or prohibit-password) before any Match block, and"
            + " do not turn them back on inside one.",
          "sshd_config(5); OpenSSH defaults"));

  static final String ID = "config.sshd.auth";

  /** A keyword judged: its policy field, OpenSSH's default, and the value the policy allows. */
  private record Rule(String keyword, String written, String field, String openSshDefault) {}

  private static final List<Rule> RULES = List.of(
      new Rule("passwordauthentication", "PasswordAuthentication", "password_authentication",
          "yes"),
      new Rule("kbdinteractiveauthentication", "KbdInteractiveAuthentication",
          "kbd_interactive_authentication", "yes"),
      new Rule("pubkeyauthentication", "PubkeyAuthentication", "pubkey_authentication", "yes"),
      new Rule("permitrootlogin", "PermitRootLogin", "permit_root_login", "prohibit-password"));

  @Override
  public boolean appliesTo(Policy policy) {
    return ConfigEntries.any(policy, "sshd");
  }


  @Override
  public List<Finding> evaluateSources(CheckContext policyContext, SourceObservations sources) {
    List<Finding> out = new ArrayList<>();
    for (SshdConfigObservation o : sources.of(SshdConfigObservation.class)) {
      CheckContext ctx = policyContext.forSource(o.source());
      if (o.failure() != null) {
        out.addAll(ConfigEntries.unreadable(ctx, List.of(ID), o.failureAt(), o.failure(),
            o.evidenceId()));
        continue;
      }
      Ssh ssh = ctx.policy().ssh() == null ? Ssh.DEFAULTS : ctx.policy().ssh();
      for (Rule r : RULES) {
        judge(ctx, o, ssh, r, out);
      }
    }
    return out;
  }

  private static void judge(CheckContext ctx, SshdConfigObservation o, Ssh ssh, Rule r,
      List<Finding> out) {
    String pointer = ctx.policy().ssh() == null ? ConfigEntries.pointer(ctx.policy(), o.source())
        : PolicyPointer.SSH + "/" + r.field();
    String expected = r.written() + " " + allowed(ssh, r);
    List<String> evidence = List.of(o.evidenceId());
    SshdConfig config = o.config();
    SshdConfig.Setting written = config.global(r.keyword());
    String observed = written == null ? r.written() + " unset: OpenSSH's default is "
        + r.openSshDefault() : written.written() + " " + String.join(" ", written.args());
    // A "Match all" block's value overrides the global one for every connection (no earlier
    // Match block setting the keyword aside, and those are judged below on their own).
    SshdConfig.Setting everyone = config.matchAll(r.keyword());
    SshdConfig.Setting global = everyone != null ? everyone : written;
    if (everyone != null) {
      observed += "; overridden for every connection by Match all (" + everyone.block().at()
          + "): " + everyone.written() + " " + String.join(" ", everyone.args());
    }
    String value = global == null ? r.openSshDefault() : global.value().toLowerCase(Locale.ROOT);
    String subject = (global == null ? o.mainFile() : global.at()) + " " + r.written();
    String problem = problem(ssh, r, value);
    SshdConfig.Setting methodsForAll = config.matchAll("authenticationmethods");
    SshdConfig.Setting excluding = excludedBy(r, methodsForAll != null ? methodsForAll
        : config.global("authenticationmethods"));
    if (problem != null && excluding != null) {
      problem = null;
      observed += "; not used: " + excluding.written() + " " + String.join(" ", excluding.args())
          + " (" + excluding.at() + ") lists no " + r.written();
    }
    // The value in effect: the one written, or OpenSSH's default when none is.
    Value inEffect = new Value.Setting(r.written(), global == null ? r.openSshDefault()
        : String.join(" ", global.args()));
    out.add(ctx.finding(ID).subject(subject).about(Subject.directive(r.written()))
        .status(problem == null ? Status.PASS : Status.FAIL).expected(expected)
        .observed(problem == null ? observed : observed + ": " + problem, inEffect)
        .evidence(evidence).rule(pointer).build());
    for (SshdConfig.MatchBlock b : config.blocks()) {
      SshdConfig.Setting s = config.in(b, r.keyword());
      if (s == null || s == everyone) {
        continue;
      }
      String v = s.value().toLowerCase(Locale.ROOT);
      SshdConfig.Setting methods = config.in(b, "authenticationmethods");
      String p = excludedBy(r, methods != null ? methods
          : config.global("authenticationmethods")) != null ? null : problem(ssh, r, v);
      if (p != null) {
        out.add(ctx.finding(ID).subject(s.at() + " " + r.written() + " in Match " + b.criteria())
            .about(Subject.directive(r.written())).status(Status.FAIL).expected(expected)
            .observed("Match " + b.criteria() + " (" + b.at() + ") sets " + s.written() + " "
                + String.join(" ", s.args()) + ": " + p + " for the users or addresses it"
                + " matches", new Value.Setting(r.written(), String.join(" ", s.args())))
            .evidence(evidence).rule(pointer).build());
      }
    }
  }

  /**
   * The AuthenticationMethods setting that keeps sshd from using the rule's method whatever its
   * own keyword says (lists none of which names it), or null.
   */
  private static SshdConfig.Setting excludedBy(Rule r, SshdConfig.Setting methods) {
    String method = switch (r.keyword()) {
      case "passwordauthentication" -> "password";
      case "kbdinteractiveauthentication" -> "keyboard-interactive";
      default -> null;
    };
    if (method == null || methods == null || methods.value().equalsIgnoreCase("any")) {
      return null;
    }
    for (String list : methods.args()) {
      for (String m : list.split(",")) {
        if (m.equalsIgnoreCase(method) || m.toLowerCase(Locale.ROOT).startsWith(method + ":")) {
          return null;
        }
      }
    }
    return methods;
  }

  /** Why {@code value} breaks the rule, or null when it does not. */
  private static String problem(Ssh ssh, Rule r, String value) {
    if (r.keyword().equals("permitrootlogin")) {
      String v = value.equals("without-password") ? "prohibit-password" : value;
      int have = Ssh.ROOT_LOGIN.indexOf(v);
      String max = ssh.permitRootLogin().equals("without-password") ? "prohibit-password"
          : ssh.permitRootLogin();
      if (have < 0) {
        return "'" + value + "' is not a value sshd accepts";
      }
      return have > Ssh.ROOT_LOGIN.indexOf(max) ? "root may log in with "
          + (v.equals("yes") ? "a password" : v) + ", the policy allows at most " + max : null;
    }
    if (!value.equals("yes") && !value.equals("no")) {
      return "'" + value + "' is not yes or no";
    }
    boolean on = value.equals("yes");
    boolean mayBeOn = switch (r.keyword()) {
      case "passwordauthentication" -> ssh.passwordAuthentication();
      case "kbdinteractiveauthentication" -> ssh.kbdInteractiveAuthentication();
      default -> true;
    };
    if (r.keyword().equals("pubkeyauthentication")) {
      return ssh.pubkeyAuthentication() && !on ? "key logins are off" : null;
    }
    return on && !mayBeOn ? "on, the policy allows keys only" : null;
  }

  private static String allowed(Ssh ssh, Rule r) {
    return switch (r.keyword()) {
      case "passwordauthentication" -> ssh.passwordAuthentication() ? "yes or no" : "no";
      case "kbdinteractiveauthentication" -> ssh.kbdInteractiveAuthentication() ? "yes or no"
          : "no";
      case "pubkeyauthentication" -> ssh.pubkeyAuthentication() ? "yes" : "yes or no";
      default -> "at most " + ssh.permitRootLogin();
    };
  }
}
