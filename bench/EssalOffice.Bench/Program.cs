using EssalOffice.Bench;

// The benchmark's helper. bench/run.sh drives it; each subcommand prints a short human summary on standard output
// and, with --results <file>, appends key=value lines that the report subcommand turns into the table.
// Secrets (tokens, passwords, the connection string) never appear on the command line's output: the connection
// string comes from BENCH_CONNECTION, tokens go to files in the caller's temp folder.
try
{
    var options = Options.Parse(args.Skip(1));
    return args.FirstOrDefault() switch
    {
        "seed" => await Seeder.RunAsync(options),
        "junk" => Junk.Run(options),
        "touch" => await Touch.RunAsync(options),
        "issue" => await Issue.RunAsync(options),
        "propagation" => await Propagation.RunAsync(options),
        "report" => Report.Run(options),
        _ => Usage(),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return Usage();
}

static int Usage()
{
    Console.Error.WriteLine(
        """
        usage: EssalOffice.Bench <command> [options]      (connection string in BENCH_CONNECTION)
          seed --users N --tokens-per-user K [--user-offset O] --tokens-out FILE [--hash-table NAME] [--results FILE]
          junk --count N --out FILE [--results FILE]
          touch --url URL --tokens FILE [--concurrency C] [--path /api/ping] [--prefix NAME] [--results FILE]
          issue --url URL --username NAME --password-file FILE --out FILE        (writes a new token to FILE)
          propagation --a URL --b URL (--admin-password P | --admin-password-file FILE) [--admin-username admin]
                      [--trials 200] [--timeout-ms 5000] [--results FILE]
          report --results FILE --out FILE
        """);
    return 64;
}
