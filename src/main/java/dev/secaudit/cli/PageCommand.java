package dev.secaudit.cli;

import dev.secaudit.model.ControlCharacters;
import dev.secaudit.questionnaire.SecurityPage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class PageCommand implements Callable<Integer> {
  final Main main;
  final PolicyScanOptions evidence = new PolicyScanOptions();
  Path output;
  boolean allowOmissions;

  PageCommand(Main main) {
    this.main = main;
  }

  /** The command's options (names, labels, help, defaults), each set into its field here. */
  CommandSpec model() {
    CommandModel model = CommandModel.of(this, "page", "Render the public security page"
        + " (security.md and a self-contained security.html) from the policy's claims and the"
        + " latest scan. Only what stands is published: a claim that failed or errored in the"
        + " scan, or whose attestation is stale, is left out, named on stderr and in review.md"
        + " (not for publication). Exit 0 when everything made it onto the page, 1 when anything"
        + " was left out (the page is still written), 2 for bad usage.");
    evidence.addTo(model);
    model.add(CommandModel.option(Path.class, v -> output = v, "DIR", "Folder for security.md,"
        + " security.html and review.md (created if needed).", "-o", "--output")
        .converters(CommandModel::path).required(true));
    model.flag(v -> allowOmissions = v, "Exit 0 even when something was left out of the page"
        + " (it is still named on stderr and in review.md).", "--allow-omissions");
    return model.withHelpOptions();
  }

  @Override
  public Integer call() throws java.io.IOException {
    ReportDestination.folderOnly(output, "page");
    PolicyScan loaded = evidence.load(main.context);
    SecurityPage page = SecurityPage.build(loaded.policy(), loaded.scan(),
        main.context.clock().instant(), loaded.maxScanAge());
    ReportOutput.folder(output, "-o");
    for (SecurityPage.Withheld w : page.withheld()) {
      main.context.err().println("secaudit: warning: left out of the page: "
          + ControlCharacters.escape(w.what() + ": " + w.reason()));
    }
    for (String w : page.warnings()) {
      main.context.err().println("secaudit: warning: " + ControlCharacters.escape(w));
    }
    int statements = page.sections().stream().mapToInt(s -> s.statements().size()).sum();
    for (Path written : page.write(output)) {
      main.context.out().println("wrote " + written);
    }
    main.context.out().println(statements + " statements published, " + page.withheld().size()
        + " left out (see review.md, not for publication)");
    // A nightly job that republishes the page must notice when a claim can no longer be backed:
    // the page written is correct, only shorter, so it is written either way.
    return page.withheld().isEmpty() || allowOmissions ? ExitCode.PASSED.code
        : ExitCode.FAILED.code;
  }
}
