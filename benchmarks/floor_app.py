"""The no-work floor for benchmarks/hall.py: the same page inputs and outputs as app.py's Draw tab,
its stroke event outside the queue and without postprocessing as there, with a handler that
returns at once (a coroutine, as app.py's: Gradio runs it on its event loop, without handing it
to a thread). What Gradio itself costs per request."""
import os

import gradio as gr

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


async def predict_drawing(payload, drawn, model_name, panel_open, why):  # the load user's name
    return "It's a **4**", "", "", None, ""


async def predict_live(drawn, model_name, panel_open, why):  # and the live event's
    return "It's a **4**", "", "", None, ""


with gr.Blocks() as demo:
    pad = gr.Sketchpad(elem_id="pad", type="numpy", image_mode="RGBA", canvas_size=(400, 400))
    drawn = gr.Textbox(visible="hidden")  # the pad's drawing as the page sends it
    model = gr.Radio(["CNN", "MLP"], value="CNN")
    panel_open, why = gr.State(False), gr.Radio(["runner-up"], value="runner-up")
    outputs = [gr.Markdown(), gr.HTML(), gr.HTML(), gr.State(None), gr.HTML()]
    same = {"preprocess": False, "postprocess": False, "queue": False, "show_progress": "hidden",
            "trigger_mode": "always_last"}
    gr.Button(visible="hidden").click(predict_drawing, [pad, drawn, model, panel_open, why],
                                      outputs, **same)
    gr.Button(visible="hidden").click(predict_live, [drawn, model, panel_open, why], outputs,
                                      **same)

if __name__ == "__main__":
    demo.queue().launch(ssr_mode=False)
