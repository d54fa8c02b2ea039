package org.crossmodal.cli;

import picocli.CommandLine.Command;

/** Studies from and results to a PACS, over DIMSE (PixelMed) or DICOMweb. */
@Command(name = "pacs", description = "Query and retrieve studies from a PACS, send results back (DIMSE or DICOMweb).",
    subcommands = {PacsEchoCommand.class, PacsFindCommand.class, PacsGetCommand.class, PacsSendCommand.class})
final class PacsCommand {}
