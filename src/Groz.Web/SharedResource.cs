namespace Groz.Web;

/// <summary>Marker for the one shared string table (Resources/SharedResource*.resx). Dutch is in the nl file;
/// short strings use their English text as key, longer texts a dotted id with English in the neutral file.</summary>
public sealed class SharedResource;
