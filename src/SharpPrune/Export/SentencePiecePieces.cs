using Google.Protobuf;

namespace SharpPrune.Export;

/// <summary>
/// The pieces of a SentencePiece tokenizer.model as llama.cpp's SPM vocabulary takes them: text, score and type of
/// every id, and whether a space is put before the text (normalizer_spec.add_dummy_prefix). Field numbers are those of
/// sentencepiece_model.proto; piece types (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte) are the
/// numbers llama.cpp's token types use too.
/// </summary>
public sealed record SentencePiecePieces(IReadOnlyList<string> Pieces, IReadOnlyList<float> Scores, IReadOnlyList<int> Types, bool AddDummyPrefix)
{
    public static SentencePiecePieces Read(string path)
    {
        try
        {
            var input = new CodedInputStream(File.ReadAllBytes(path));
            var pieces = new List<string>();
            var scores = new List<float>();
            var types = new List<int>();
            bool addDummyPrefix = true;
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                int field = WireFormat.GetTagFieldNumber(tag);
                if (field == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    var (piece, score, type) = ReadPiece(input.ReadBytes());
                    pieces.Add(piece);
                    scores.Add(score);
                    types.Add(type);
                }
                else if (field == 3 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                    addDummyPrefix = ReadAddDummyPrefix(input.ReadBytes());
                else
                    input.SkipLastField();
            }
            if (pieces.Count == 0)
                throw SharpPruneException.InFile(path, "SentencePiece model has no pieces");
            return new SentencePiecePieces(pieces, scores, types, addDummyPrefix);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw SharpPruneException.InFile(path, $"not a readable SentencePiece model: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SharpPruneException.InFile(path, $"cannot read: {e.Message}");
        }
    }

    static (string Piece, float Score, int Type) ReadPiece(ByteString message)
    {
        var input = message.CreateCodedInput();
        string piece = "";
        float score = 0;
        int type = 1;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: piece = input.ReadString(); break;
                case 2: score = input.ReadFloat(); break;
                case 3: type = input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }
        return (piece, score, type);
    }

    // NormalizerSpec field 3: add_dummy_prefix (SentencePiece's default is true).
    static bool ReadAddDummyPrefix(ByteString message)
    {
        var input = message.CreateCodedInput();
        bool add = true;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 3) add = input.ReadBool();
            else input.SkipLastField();
        }
        return add;
    }
}
