namespace Groz.Bench.Generate;

public static class Steps
{
    /// <summary>
    /// The generator, module by module, in dependency order. A module adds its data to the synthetic leerregio
    /// with one class here (e.g. <c>new TimeBankStep()</c> after accounts), reading what earlier steps made from
    /// <see cref="GenerationContext"/> and drawing from its own random stream.
    /// </summary>
    public static IReadOnlyList<IGeneratorStep> All { get; } =
    [
        new RegionsStep(),
        new AccountsStep(),
        new TimeBankStep(),
        new SocialMapStep(),
        new HelpRequestsStep(),
        new EventsStep(),
        new MonitoringStep(),
        new KnowledgeStep(),
        new CollaborationStep(),
        new WelcomeStep(),
    ];
}
