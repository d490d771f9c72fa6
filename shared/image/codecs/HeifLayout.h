// What PixelPool reads from a HEIF/AVIF file's boxes itself, beside libheif 1.15 (HeifLayout.cpp):
// the transformations of the primary image, which PixelPool applies where libheif cannot, the
// frames of an image sequence, which libheif 1.15 does not read at all, and the file's images. The
// layout check (heifLayoutDamage) is declared with the codecs (Codecs.h). Here and there, "the
// primary image" is the image read: the primary item, or the image it is a thumbnail of
// (heifImages).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pp::codecs {

// One transformation of a decoded picture, as libheif 1.15 applies it (heif_context.cc,
// decode_image_planar): an irot turns it anticlockwise, an imir reverses each row (libheif's
// "horizontal", an axis of 1) or the order of the rows, a clap crops it (rounded as libheif rounds,
// for the picture as the steps before it left it).
struct HeifStep {
    enum class Kind { Turn, Mirror, Crop };
    Kind kind = Kind::Turn;
    int quarterTurns = 0;      // Turn: 1 to 3, anticlockwise
    bool reverseRows = false;  // Mirror: each row reversed; false: the rows' order reversed
    int left = 0, top = 0;     // Crop: within the picture it is applied to
    int width = 0, height = 0; // Crop
};

// The primary image's transformations, in the order they are associated (libheif's order).
// `known`: the layout was read and is consistent, and the picture they apply to is known:
// `width`×`height`, the picture libheif decodes before them. `auxiliaryTransformed`: an auxiliary
// image of the primary (its alpha plane) has transformations of its own, which libheif applies to
// it whatever it is asked. `orientation`: what its irots and imirs amount to, as the EXIF
// Orientation (1–8) that turns the decoded picture alike, read from the boxes alone (libheif applies
// them whether or not their picture's size is known); 0 when the boxes cannot be read.
struct HeifTransforms {
    bool known = false;
    int width = 0, height = 0;
    std::vector<HeifStep> steps;
    bool auxiliaryTransformed = false;
    int orientation = 0;
};
HeifTransforms heifTransforms(const uint8_t *data, size_t size);

// An image sequence's frames (ISO/IEC 23008-12 7: an AVIF of brand avis, a HEIF of msf1) in its
// first picture track ('pict' or 'vide' handler), counted from the track's sample size box without
// reading any frame; frames, 0 without such a track. The still image libheif reads is the primary
// item; stillIsFirstFrame when its data is where the track's first frame is. withoutStill: the file
// has such a track and no meta box of images (handler 'pict') at all, so no still image: a
// sequence only, which libheif 1.15 cannot open (it refuses the brands, or finds no meta box).
struct HeifSequence {
    uint32_t frames = 0;
    bool stillIsFirstFrame = false;
    bool withoutStill = false;
};
HeifSequence heifSequence(const uint8_t *data, size_t size);

// The still images of a file (HeifLayout.cpp, imageCount: its top-level images as a viewer shows
// them, thumbnails, auxiliary images, tiles and alternatives not counted); count 0 when its boxes
// cannot be read. The image PixelPool reads, `read`, is the primary item, `primary`, unless that is a
// thumbnail (thmb) of another image that libheif hands out: then that image, its master.
struct HeifImages {
    uint32_t count = 0;
    uint32_t read = 0, primary = 0; // item ids
    size_t items = 0;               // every item its meta box describes: images, tiles, metadata
};
HeifImages heifImages(const uint8_t *data, size_t size);

} // namespace pp::codecs
